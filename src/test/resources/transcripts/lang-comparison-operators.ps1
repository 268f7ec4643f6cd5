# Comparison operators: case-insensitive by default, filters on a collection on the left.
1 -eq 1.0
"abc" -eq "ABC"
"abc" -ceq "ABC"
"10" -eq 10
10 -eq "0xa"
5 -ne 4
5 -gt 4
5 -ge 5
"a" -lt "B"
3 -le 2
"PowerShell" -like "*shell"
"PowerShell" -notlike "Power"
"PowerShell" -match "sh(el)l"
$Matches[1]
"PowerShell" -notmatch "^shell"
1,2,3 -eq 2
1,2,3,2 -ne 2
"a","b" -contains "B"
"a","b" -notcontains "c"
"b" -in "a","b"
$true -and $false
$true -or $false
-not $true
!$false
!(1 -eq 2)
(1,2) -eq 3
$null -eq $null
