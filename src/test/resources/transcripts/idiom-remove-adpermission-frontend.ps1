# Issue 4: take the authoritative-domain-sender right from anonymous sessions on the frontend.
Get-ADPermission "Default Frontend EX01" -User "NT AUTHORITY\ANONYMOUS LOGON" | ft User,ExtendedRights -AutoSize
Get-ReceiveConnector "Default Frontend*" | Get-ADPermission -User "NT AUTHORITY\Anonymous Logon" | where {$_.ExtendedRights -like "ms-Exch-SMTP-Accept-Authoritative-Domain-Sender"} | Remove-ADPermission -Confirm:$false
Get-ADPermission "Default Frontend EX01" -User "NT AUTHORITY\ANONYMOUS LOGON" | ft User,ExtendedRights,Deny -AutoSize
