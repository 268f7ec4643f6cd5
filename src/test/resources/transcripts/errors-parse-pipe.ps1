# exit: 1
Get-ReceiveConnector | | fl
