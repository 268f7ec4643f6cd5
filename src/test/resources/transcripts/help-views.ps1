# Get-Help's other layouts: the examples, the full help, a list of matching commands.
Get-Help Get-ReceiveConnector -Examples
Get-Help Remove-ReceiveConnector -Full
Get-Help *-ADPermission
