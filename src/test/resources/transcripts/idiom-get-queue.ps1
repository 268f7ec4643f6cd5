# Issue 4: the queues that hold messages, and the messages in all queues.
# submit: alice@contoso.com -> bob@fabrikam.com : First
# submit: alice@contoso.com -> carol@fabrikam.com, dave@tailspintoys.com : Second
Get-Queue | where {$_.MessageCount -gt 0}
Get-Queue | Measure-Object MessageCount -Sum
