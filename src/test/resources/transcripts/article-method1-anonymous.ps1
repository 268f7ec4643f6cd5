# "Allow anonymous relay on Exchange servers": step 1, the anonymous method of step 2, and the
# checks of "How do you know this worked?", verbatim.
# run: lines
New-ReceiveConnector -Name "Anonymous Relay" -TransportRole FrontendTransport -Custom -Bindings 0.0.0.0:25 -RemoteIpRanges 192.168.5.10,192.168.5.11
Set-ReceiveConnector "Anonymous Relay" -PermissionGroups AnonymousUsers
Get-ReceiveConnector "Anonymous Relay" | Add-ADPermission -User "NT AUTHORITY\ANONYMOUS LOGON" -ExtendedRights "Ms-Exch-SMTP-Accept-Any-Recipient"
Get-ReceiveConnector "Anonymous Relay" | Format-List Enabled,TransportRole,Bindings,RemoteIPRanges
Get-ADPermission "Anonymous Relay" -User "NT AUTHORITY\ANONYMOUS LOGON" | where {($_.Deny -eq $false) -and ($_.IsInherited -eq $false)} | Format-Table User,ExtendedRights
Test-ReceiveConnectorAccess 192.168.5.10 -LocalEndPoint 10.1.1.1:25 -Sender chris@contoso.com -Recipient kate@fabrikam.com | fl Connector,Principal,MailReply,RcptReply
