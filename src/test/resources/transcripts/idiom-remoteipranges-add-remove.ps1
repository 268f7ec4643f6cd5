# Issue 4: a multi-valued property edited with @{Add=...} and @{Remove=...}.
New-ReceiveConnector -Name "Anonymous Relay" -TransportRole FrontendTransport -Custom -Bindings 0.0.0.0:25 -RemoteIpRanges 192.168.5.10,192.168.5.11
Set-ReceiveConnector "Anonymous Relay" -RemoteIPRanges @{Add="192.168.5.12"}
Get-ReceiveConnector "Anonymous Relay" | fl RemoteIPRanges
Set-ReceiveConnector "Anonymous Relay" -RemoteIPRanges @{Remove="192.168.5.10"}
Get-ReceiveConnector "Anonymous Relay" | fl RemoteIPRanges
Set-ReceiveConnector "Anonymous Relay" -RemoteIPRanges @{Add="192.168.5.20-192.168.5.29","10.1.0.0/16"; Remove="192.168.5.11"}
Get-ReceiveConnector "Anonymous Relay" | fl RemoteIPRanges
