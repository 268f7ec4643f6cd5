# Where-Object (where, ?) with script blocks and the short form; Select, Sort, Measure, ForEach.
Get-ReceiveConnector | where {$_.Bindings -like "*:25"} | ForEach-Object { $_.Name }
Get-ReceiveConnector | ? {($_.TransportRole -eq "HubTransport") -and ($_.Enabled)} | % Name
Get-ReceiveConnector | Where-Object Name -like "Client*" | % { $_.Identity }
Get-ReceiveConnector | Sort-Object Name | Select-Object -First 2 | ft Name,TransportRole -AutoSize
Get-ReceiveConnector | Sort-Object Name -Descending | Select-Object -ExpandProperty Name -First 3
Get-ReceiveConnector | Measure-Object
Get-ReceiveConnector | Measure-Object MaxRecipientsPerMessage -Sum -Maximum -Minimum -Average
Get-ReceiveConnector "Default EX01" | Select-Object Name,MaxMessageSize,ConnectionTimeout
