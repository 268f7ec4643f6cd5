# Single quotes are verbatim; double quotes expand variables, $( ) and backtick escapes.
$name = "Anonymous Relay"
'Connector: $name'
"Connector: $name"
"Connector: ${name}s"
'don''t'
"say ""hi"" and `"bye`""
"tab:`t|newline:`n|dollar: `$name|backtick: ``"
"count: $((Get-ReceiveConnector).Count)"
"first: $((Get-ReceiveConnector)[0].Name)"
$a = 1,2,3
"array: $a"
"member without subexpression: $name.Length"
"length: $($name.Length)"
Write-Output a$name
