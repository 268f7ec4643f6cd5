# exit: 1
# Loops (while, do, for, foreach with break and continue) and try/catch/finally.
$i = 0
while ($i -lt 3) { $i; $i++ }
for ($j = 0; $j -lt 5; $j++) { if ($j -eq 1) { continue }; if ($j -eq 3) { break }; "j=$j" }
do { "once" } while ($false)
$k = 0
do { $k += 1 } until ($k -ge 4)
$k
foreach ($n in 1..10) { if ($n -gt 2) { break }; $n }
try { throw "boom" } catch { "caught: $($_.Exception.Message)" } finally { "finally" }
try { Get-ReceiveConnector "Nothing" -ErrorAction Stop } catch { "not found: " + $_.Exception.Message }
try { Set-ReceiveConnector "Default EX01" -Bogus 1 } catch [System.Management.Automation.ParameterBindingException] { "binding: " + $_.FullyQualifiedErrorId }
try { Get-ReceiveConnector "Nothing" } catch { "never" }
"end"
$Error.Count
