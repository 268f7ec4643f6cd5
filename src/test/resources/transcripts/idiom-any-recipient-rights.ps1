# Issue 4: who may relay (Accept-Any-Recipient), on every connector.
New-ReceiveConnector -Name "Anonymous Relay" -TransportRole FrontendTransport -Custom -Bindings 0.0.0.0:25 -RemoteIpRanges 192.168.5.10,192.168.5.11 | Out-Null
Set-ReceiveConnector "Anonymous Relay" -PermissionGroups AnonymousUsers
Get-ReceiveConnector "Anonymous Relay" | Add-ADPermission -User "NT AUTHORITY\ANONYMOUS LOGON" -ExtendedRights "Ms-Exch-SMTP-Accept-Any-Recipient" | Out-Null
Get-ReceiveConnector | Get-ADPermission | where {$_.ExtendedRights -like "*Any-Recipient*"} | ft Identity,User -AutoSize
