# exit: 1
Get-Help Frobnicate-Thing
Get-Help Set-ReceiveConnector -Parameter NoSuchParameter
Get-Help Set-ReceiveConnector -Detailed -Full
