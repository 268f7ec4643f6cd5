# exit: 1
Get-BackPressure | Select-Object Resource, Unit, NormalThreshold, MediumThreshold, HighThreshold | Format-Table -AutoSize
Set-BackPressure -UsedDiskSpaceMediumThreshold 99
Set-BackPressure -QueueLengthNormalThreshold 10 -QueueLengthMediumThreshold 50 -QueueLengthHighThreshold 40
Set-BackPressure -MonitoringInterval 00:00:00.0100000
Set-BackPressure -UsedHeapMemoryHighThreshold lots
Set-BackPressure -UsedDiskSpaceHighThreshold 101
Set-BackPressure -QueueLengthMediumThreshold 500 -QueueLengthHighThreshold 1000 -QueueLengthNormalThreshold 100
Get-BackPressure | where {$_.Resource -eq 'QueueLength'} | fl Resource, Pressure, CurrentResourceUse, Unit, *Threshold, Enabled, MonitoringInterval, Identity
Set-BackPressure -QueueLengthNormalThreshold 100
