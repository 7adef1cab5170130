# Intune Remediations: remediation script (SYSTEM, 64-bit PowerShell). The repair, unattended, as one JSON
# document; never a reboot inside the run (3010 says one is wanted). Intune keeps 2,048 characters of
# output: the document's first line is enough to tell the outcome. Untested here (no PowerShell).
$ErrorActionPreference = 'Stop'
$exe = Join-Path $env:ProgramData 'catroot-repair\catroot-repair.exe'
if (-not (Test-Path -LiteralPath $exe)) { Write-Output "catroot-repair.exe missing: $exe"; exit 2 }
$doc = & $exe --yes --json | Out-String
Write-Output ($doc -replace '\s+', ' ').Substring(0, [Math]::Min(2048, ($doc -replace '\s+', ' ').Length))
exit $LASTEXITCODE
