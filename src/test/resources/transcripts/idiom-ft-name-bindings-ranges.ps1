# Issue 4: the connectors as an auto-sized table of three properties.
New-ReceiveConnector -Name "Anonymous Relay" -TransportRole FrontendTransport -Custom -Bindings 0.0.0.0:25 -RemoteIpRanges 192.168.5.10,192.168.5.11 | Out-Null
Get-ReceiveConnector | ft Name,Bindings,RemoteIPRanges -AutoSize
