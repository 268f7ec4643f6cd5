# exit: 1
# -WhatIf changes nothing, -Confirm:$false skips the question, -ErrorAction decides about errors.
New-ReceiveConnector -Name "Relay" -TransportRole FrontendTransport -Custom -Bindings 0.0.0.0:25 -RemoteIPRanges 10.0.0.5 -WhatIf
Get-ReceiveConnector "Relay"
New-ReceiveConnector -Name "Relay" -TransportRole FrontendTransport -Custom -Bindings 0.0.0.0:25 -RemoteIPRanges 10.0.0.5 | Out-Null
Set-ReceiveConnector "Relay" -MaxMessageSize 20MB -WhatIf
Remove-ReceiveConnector "Relay" -WhatIf
Get-ReceiveConnector "Relay" | fl Name,MaxMessageSize
Get-ReceiveConnector "Nothing" -ErrorAction SilentlyContinue
"after silent: $?"
Get-ReceiveConnector "Nothing" -ea Stop; "the next statement on the line runs"
"next statement runs"
Remove-ReceiveConnector "Relay" -Confirm:$false
@(Get-ReceiveConnector).Count
