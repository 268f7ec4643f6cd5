Get-Help Set-ReceiveConnector -Parameter RemoteIPRanges
