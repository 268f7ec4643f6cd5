# exit: 1
# Errors read as EMS prints them: unknown cmdlet, unknown and ambiguous parameters, bad values.
Get-ReceiveConector
Get-ReceiveConnector -Identty "Default EX01"
Set-ReceiveConnector "Default EX01" -Max 10
Set-ReceiveConnector "Default EX01" -Enabled False
Set-ReceiveConnector "Default EX01" -MaxMessageSize lots
Set-ReceiveConnector "Default EX01" -ConnectionTimeout 99:99
Get-ReceiveConnector -Identity
Get-ReceiveConnector Default EX01
Format-Tabel
