# Intune Remediations: detection script. Run as SYSTEM, in 64-bit PowerShell (a 32-bit host sees
# System32 redirected). Exit 1 = a problem catroot-repair repairs was found: Intune runs remediate.ps1.
# Untested on this project's machines (no PowerShell there): it only calls the .exe and passes its
# one line of output and its exit code through.
$exe = Join-Path $env:ProgramData 'catroot-repair\catroot-repair.exe'
$line = & $exe detect
Write-Output $line
exit $LASTEXITCODE
