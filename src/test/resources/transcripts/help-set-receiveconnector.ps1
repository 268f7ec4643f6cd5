Get-Help Set-ReceiveConnector
