# Issue 4: read the ranges into a variable, append with +=, write them back.
New-ReceiveConnector -Name "Anonymous Relay" -TransportRole FrontendTransport -Custom -Bindings 0.0.0.0:25 -RemoteIpRanges 192.168.5.10,192.168.5.11
$rc = Get-ReceiveConnector "Anonymous Relay"; $rc.RemoteIPRanges += "192.168.5.13"; Set-ReceiveConnector "Anonymous Relay" -RemoteIPRanges $rc.RemoteIPRanges
Get-ReceiveConnector "Anonymous Relay" | Format-List Name,RemoteIPRanges
$rc.RemoteIPRanges.Count
