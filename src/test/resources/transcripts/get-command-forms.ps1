# exit: 1
Get-Command -Noun ReceiveConnector
Get-Command ft, Get-Help, Get-Date
Get-Command -Verb Remove -Noun *Connector
Get-Command Frobnicate-Thing
