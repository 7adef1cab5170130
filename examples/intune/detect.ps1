# Intune Remediations: detection script. Run as SYSTEM, in 64-bit PowerShell (a 32-bit host sees
# System32 redirected). Exit 1 = a problem catroot-repair repairs was found: Intune runs remediate.ps1.
# Untested on this project's machines (no PowerShell there): it only calls the .exe and passes its
# one line of output and its exit code through.
$ErrorActionPreference = 'Stop'
$exe = Join-Path $env:ProgramData 'catroot-repair\catroot-repair.exe'
# A missing tool is an error of detection, never "issue not found" (exit $null would be 0).
if (-not (Test-Path -LiteralPath $exe)) { Write-Output "catroot-repair.exe missing: $exe"; exit 2 }
$line = & $exe detect
Write-Output $line
exit $LASTEXITCODE
