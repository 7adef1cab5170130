# ConfigMgr configuration baseline: remediation script. The repair, unattended; its exit code is the result.
$exe = Join-Path $env:ProgramData 'catroot-repair\catroot-repair.exe'
& $exe --yes --json | Out-Null
exit $LASTEXITCODE
