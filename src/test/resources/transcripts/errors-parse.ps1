# exit: 1
# A script that does not parse runs no statement at all.
"this line does not run"
Get-ReceiveConnector | where {$_.Enabled -eq $true
