Get-Command *Connector*
