# Issue 4: which connectors let anonymous users in, and from where.
New-ReceiveConnector -Name "Anonymous Relay" -TransportRole FrontendTransport -Custom -Bindings 0.0.0.0:25 -RemoteIpRanges 192.168.5.10,192.168.5.11 | Out-Null
Set-ReceiveConnector "Anonymous Relay" -PermissionGroups AnonymousUsers
Get-ReceiveConnector | where {$_.PermissionGroups -like "*AnonymousUsers*"} | fl Identity,RemoteIPRanges
