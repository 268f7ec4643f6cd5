# Arrays by commas and @( ), indexing, ranges, hashtables with case-insensitive keys.
$a = "10.0.0.1", "10.0.0.2"
$a.Count
$a[0]
$a[-1]
$b = @(Get-ReceiveConnector "Default Frontend*")
$b.Count
@().Count
(1..5)[1..3]
,7 | ForEach-Object { $_.GetType().Name }
$h = @{Add="192.168.5.12"; Remove="192.168.5.10"}
$h.add
$h["REMOVE"]
$h.Count
$h.Keys | Sort-Object
$x = 5
$x += 3
$x -= 2
$x
$list = @("a")
$list += "b"
$list += "c","d"
$list -join ","
$s = "Anon"
$s += "ymous"
$s
