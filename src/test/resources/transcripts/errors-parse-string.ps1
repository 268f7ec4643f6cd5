# exit: 1
Write-Output "no end
