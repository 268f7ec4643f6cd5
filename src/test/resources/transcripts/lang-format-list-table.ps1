# Format-List with names, wildcards and *; Format-Table -AutoSize and -Wrap.
Get-ReceiveConnector "Default Frontend EX01" | fl Name,Max*Size,*Timeout
Get-ReceiveConnector "Client Frontend EX01" | Select-Object Name,Bindings,Max*Size,*Enabled | Format-List *
Get-ReceiveConnector | ft Name,PermissionGroups -AutoSize
Get-ReceiveConnector "Default*" | ft Name,AuthMechanism,RemoteIPRanges -Wrap
