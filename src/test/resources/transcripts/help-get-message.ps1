Get-Help Get-Message
Get-Help Get-Queue -Parameter Filter
