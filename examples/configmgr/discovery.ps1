# ConfigMgr configuration baseline, Script setting, discovery script: returns "Compliant" when detect exits 0,
# "NonCompliant" when it exits 1; anything else is an error of detection, returned as is so the baseline shows
# it. The rule: value returned Equals "Compliant"; remediation: remediate.ps1. Untested here (no PowerShell).
$exe = Join-Path $env:ProgramData 'catroot-repair\catroot-repair.exe'
if (-not (Test-Path -LiteralPath $exe)) { 'DetectError missing catroot-repair.exe'; exit 0 }
$null = & $exe detect
switch ($LASTEXITCODE) { 0 { 'Compliant' } 1 { 'NonCompliant' } default { "DetectError $LASTEXITCODE" } }
