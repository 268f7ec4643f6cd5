# exit: 1
# An identity that names nothing is a non-terminating error; the others are still processed.
Get-ReceiveConnector "Default EX01","No Such Connector","Client Proxy EX01" | ft Name -AutoSize
Set-ReceiveConnector "No Such Connector" -Enabled $false
Set-ReceiveConnector "Default*" -Comment "x"
Set-ReceiveConnector -Comment "no identity"
Get-ADPermission "No Such Connector"
