# exit: 1
$x = 1 -eq
