# exit: 1
try { "x" }
