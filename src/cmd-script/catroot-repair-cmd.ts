/**
 * catroot-repair.cmd: the same repair as a batch file, for Windows Server 2003 itself, where Node cannot
 * run. Written by `catroot-repair script`; docs/cmd-script.md says what it does and what it cannot.
 * The text is the script; CRLF line ends are added when it is written.
 */
export const CMD_TEMPLATE = String.raw`@echo off
rem catroot-repair @VERSION@, as a batch file for Windows Server 2003 itself, where Node cannot run.
rem   catroot-repair.cmd [/dryrun ^| /rollback ^| /status] [/yes] [/force] [/windir C:\WINDOWS]
rem Moves KB*.cat, Q*.* and TMP*.cat out of CatRoot\{F750E6C3-38EE-11D1-85E5-00C04FC295EE} into a new
rem CatRoot\backup folder, copies KB912354.CAT back, renames catroot2 to catroot2.old and creates an
rem empty catroot2, with CryptSvc stopped. Nothing is deleted or overwritten. Each change is written to
rem %%windir%%\catroot-repair-cmd\journal.txt before it is made: run the script again to finish an
rem interrupted run, or with /rollback to undo it.
rem Journal lines are KEYWORD^|NAME. No keyword ends another, and no file name holds a ^|, so
rem find "KEYWORD^|" matches exactly that keyword's lines.
rem Exit codes, the Node tool's: 0 done (or nothing to do), 2 bad argument or no catalog store,
rem 10 not this problem, 11 nothing to roll back, 130 cancelled at a question (answered No, or no
rem answer): nothing was changed, 1603 stopped part-way (run it again, or /rollback), 1618 another run
rem holds the lock.
setlocal EnableExtensions DisableDelayedExpansion
set "MODE=repair"
set "YES="
set "FORCE="
set "W=%SystemRoot%"
rem The script as the admin saved it: shift below moves %0 too, so it is taken first.
set "SELF=%~f0"
:args
if "%~1"=="" goto argsdone
if /i "%~1"=="/dryrun" (set "MODE=dryrun") else if /i "%~1"=="/rollback" (set "MODE=rollback") else if /i "%~1"=="/status" (set "MODE=status") else if /i "%~1"=="/yes" (set "YES=1") else if /i "%~1"=="/force" (set "FORCE=1") else if /i "%~1"=="/windir" (set "W=%~2") else (
  echo Unknown argument: %1
  echo Usage: catroot-repair.cmd [/dryrun ^| /rollback ^| /status] [/yes] [/force] [/windir C:\WINDOWS]
  echo Exit codes: 0 done, 2 bad argument, 10 not this problem, 11 nothing to roll back,
  echo 130 cancelled at a question ^(nothing was changed^), 1603 stopped part-way, 1618 another run is active.
  exit /b 2
)
if /i "%~1"=="/windir" shift
shift
goto args
:argsdone
set "SYS=%W%\system32"
set "CR=%SYS%\CatRoot"
set "CAT=%CR%\{F750E6C3-38EE-11D1-85E5-00C04FC295EE}"
set "STATE=%W%\catroot-repair-cmd"
set "J=%STATE%\journal.txt"
rem The one definition of what moves: the dry run lists it and the real run moves it. /a-d: files only.
set "CATALOGS=dir /b /a-d "%CAT%\KB*.cat" "%CAT%\Q*.*" "%CAT%\TMP*.cat" 2^>nul"
if not exist "%CAT%\" (
  echo %CAT% not found: not a Windows 2000/XP/2003 catalog store.
  exit /b 2
)
if "%MODE%"=="status" goto status
if "%MODE%"=="rollback" goto rollback

rem ---- repair and dry run ----
call :recorded finished
if not errorlevel 1 (
  echo The repair is already done ^(%J%^): nothing to change.
  echo To undo it: "%SELF%" /rollback /windir "%W%"
  exit /b 0
)
set "RESUME="
if exist "%J%" set "RESUME=1"
if defined RESUME (
  echo Resuming the repair recorded in %J%.
  goto diagnosed
)
set "SIGNATURE="
for %%L in ("%W%\svcpack.log" "%W%\setupapi.log") do if exist %%L call :signature %%L
if defined SIGNATURE (
  echo Diagnosis: AFFECTED: 0xfffffbfe ^(JET_errRecordTooBig: the catalog store is full^) in %SIGNATURE%
) else if defined FORCE (
  echo Diagnosis: no 0xfffffbfe in svcpack.log or setupapi.log; repairing anyway ^(/force^).
) else (
  echo Diagnosis: no 0xfffffbfe in %W%\svcpack.log or %W%\setupapi.log.
  echo This is a different problem ^(see KB822798, KB925931^): this repair would not help. /force overrides.
  exit /b 10
)
:diagnosed
rem The backup folder and catroot2's new name: the resumed run's, or the first free ones.
set "BK="
set "OLD="
call :names
if not defined BK call :free "%CR%" backup BK
if not defined OLD call :free "%SYS%" catroot2.old OLD
rem dir spells a name the console's code page cannot hold with ?, which if and move read as a wildcard.
set "UNSPELLABLE="
set /a COUNT=0
for /f "delims=" %%F in ('%CATALOGS%') do (
  set /a COUNT+=1
  call :spellable "%%F"
)
if defined UNSPELLABLE (
  echo cmd.exe cannot name these files ^(their names have characters this console's code page lacks^).
  echo Move them into a backup folder by hand, or repair offline with the Node tool. Nothing was changed.
  exit /b 2
)
echo Plan:
echo   stop CryptSvc if it runs, with the services that depend on it ^(net stop /y^); start them all again at the end
sc query CryptSvc 2>nul | find "RUNNING" >nul
if not errorlevel 1 call :dependents plan
if not exist "%CR%\%BK%\" echo   create empty folder %CR%\%BK%
for /f "delims=" %%F in ('%CATALOGS%') do echo   move %CAT%\%%F -^> %CR%\%BK%\%%F
echo   copy %CR%\%BK%\KB912354.CAT back through a temporary name, if it is there and not in %CAT%
if exist "%SYS%\catroot2\" if not exist "%SYS%\%OLD%\" echo   rename folder %SYS%\catroot2 -^> %SYS%\%OLD%
if exist "%SYS%\catroot2\" if not exist "%SYS%\%OLD%\" echo   create empty folder %SYS%\catroot2
echo %COUNT% catalog file(s) to move.
if "%MODE%"=="dryrun" (
  echo Dry run: nothing was changed.
  exit /b 0
)
call :confirm "Have a system-state backup. Apply this plan now? [y/N] "
if errorlevel 1 exit /b 130
call :lock
if errorlevel 1 exit /b 1618
if not defined RESUME (
  >>"%J%" echo begin^|%DATE% %TIME%
  >>"%J%" echo backup^|%BK%
  >>"%J%" echo oldname^|%OLD%
)
call :stopcrypt
if errorlevel 1 goto failed
if not exist "%CR%\%BK%\" (
  >>"%J%" echo making^|%BK%
  mkdir "%CR%\%BK%"
  if not exist "%CR%\%BK%\" goto failed
)
for /f "delims=" %%F in ('%CATALOGS%') do (
  call :move "%%F"
  if errorlevel 1 goto failed
)
if exist "%CR%\%BK%\KB912354.CAT" if not exist "%CAT%\KB912354.CAT" (
  call :copyback
  if errorlevel 1 goto failed
)
if exist "%SYS%\catroot2\" if not exist "%SYS%\%OLD%\" (
  >>"%J%" echo renaming^|catroot2
  ren "%SYS%\catroot2" "%OLD%"
  if not exist "%SYS%\%OLD%\" goto failed
  >>"%J%" echo renamed^|catroot2
)
call :recorded renaming
if not errorlevel 1 if exist "%SYS%\%OLD%\" if not exist "%SYS%\catroot2\" (
  >>"%J%" echo emptying^|catroot2
  mkdir "%SYS%\catroot2"
  if not exist "%SYS%\catroot2\" goto failed
)
call :startcrypt
>>"%J%" echo finished^|
call :unlock
echo Repaired: the catalogs are in %CR%\%BK%, the old catroot2 is %SYS%\%OLD%. Journal: %J%
echo Next: install the service pack again.
echo To undo: "%SELF%" /rollback /windir "%W%"
exit /b 0

:failed
call :startcrypt
call :unlock
echo The repair stopped. Nothing was lost: run catroot-repair.cmd again to finish it, or with /rollback to undo it.
exit /b 1603

rem ---- rollback: newest change first; each file judged by where it is now ----
:rollback
if not exist "%J%" (
  echo No repair to roll back ^(no %J%^).
  exit /b 11
)
call :confirm "Undo the repair recorded in %J%? [y/N] "
if errorlevel 1 exit /b 130
call :lock
if errorlevel 1 exit /b 1618
set "BK="
set "OLD="
call :names
>>"%J%" echo undoing^|%DATE% %TIME%
call :stopcrypt
if errorlevel 1 goto rollbackfailed
set "CONFLICTS="
call :recorded emptying
if not errorlevel 1 call :unempty
call :recorded renaming
if not errorlevel 1 if exist "%SYS%\%OLD%\" call :restore
call :recorded copying
if not errorlevel 1 if exist "%CAT%\KB912354.CAT" call :uncopy
call :discard
if errorlevel 1 set "CONFLICTS=1"
for /f "tokens=1,* delims=|" %%A in ('type "%J%" ^| find "moving|"') do call :moveback "%%B"
call :recorded making
if not errorlevel 1 if exist "%CR%\%BK%\" rmdir "%CR%\%BK%" 2>nul
call :startcrypt
if defined CONFLICTS goto rollbackfailed
>>"%J%" echo undone^|
call :free "%STATE%" journal-undone.txt KEPT
ren "%J%" "%KEPT%"
call :unlock
echo Rolled back: the catalog store is as it was before the repair. Its journal is now %STATE%\%KEPT%.
for /f "tokens=1,* delims=|" %%A in ('type "%STATE%\%KEPT%" ^| find "set-aside|"') do echo Kept, nothing deleted: %SYS%\%%B, the catroot2 Windows had written into since the repair.
exit /b 0

:rollbackfailed
call :startcrypt
call :unlock
echo The rollback did not finish ^(see above^). Nothing was lost: fix what it names, then run /rollback again.
exit /b 1603

:status
if not exist "%J%" (
  echo No repair recorded ^(no %J%^).
  exit /b 11
)
type "%J%"
exit /b 0

rem ---- helpers ----
:recorded
rem errorlevel 0 when the journal has a line with the keyword %1
if not exist "%J%" exit /b 1
type "%J%" | find "%~1|" >nul
goto :eof

:names
if exist "%J%" for /f "usebackq tokens=1,* delims=|" %%A in ("%J%") do (
  if "%%A"=="backup" set "BK=%%B"
  if "%%A"=="oldname" set "OLD=%%B"
)
goto :eof

:signature
type %1 | find "0xfffffbfe" >nul
if not errorlevel 1 set "SIGNATURE=%~1"
goto :eof

:free
rem %3 := the first of %2, %2-2, %2-3, ... that does not exist in %1 (as a file or a folder); with %4
rem numbered, the first of %2-1, %2-2, ... (the Node tool's names for a folder it sets aside).
set "%3=%2"
set /a N=1
if "%~4"=="numbered" goto freenext
if not exist "%~1\%2" goto :eof
set /a N=2
:freenext
if exist "%~1\%2-%N%" (
  set /a N+=1
  goto freenext
)
set "%3=%2-%N%"
goto :eof

:confirm
rem errorlevel 0 to go on: /yes, or the admin answered y
if defined YES exit /b 0
set "ANSWER="
set /p "ANSWER=%~1"
if /i "%ANSWER%"=="y" exit /b 0
if /i "%ANSWER%"=="yes" exit /b 0
echo Cancelled: nothing was changed.
exit /b 1

:move
rem The name is expanded late (!NAME!), so ^& ( ) in it stay part of the name.
set "NAME=%~1"
setlocal EnableDelayedExpansion
if exist "%CR%\%BK%\!NAME!" (
  echo Refusing to overwrite %CR%\%BK%\!NAME!
  exit /b 1
)
>>"%J%" echo moving^|!NAME!
move "%CAT%\!NAME!" "%CR%\%BK%\!NAME!" >nul
rem Judged by the world: cmd's internal commands do not all reset errorlevel when they succeed.
if not exist "%CR%\%BK%\!NAME!" (
  echo Could not move %CAT%\!NAME! ^(open in another program?^). Run the script again once it is free.
  exit /b 1
)
>>"%J%" echo moved^|!NAME!
endlocal
exit /b 0

:spellable
rem Quoted, the name's & ( ) are plain text here; a name never holds a double quote.
set "NAME=%~1"
if "%NAME%"=="%NAME:?=%" exit /b 0
echo   cannot name: "%NAME%"
set "UNSPELLABLE=1"
exit /b 0

:moveback
set "NAME=%~1"
setlocal EnableDelayedExpansion
if not exist "%CR%\%BK%\!NAME!" (
  endlocal
  goto :eof
)
if exist "%CAT%\!NAME!" (
  echo %CAT%\!NAME! exists again: %CR%\%BK%\!NAME! left where it is.
  endlocal
  set "CONFLICTS=1"
  goto :eof
)
>>"%J%" echo back^|!NAME!
move "%CR%\%BK%\!NAME!" "%CAT%\!NAME!" >nul
if exist "%CR%\%BK%\!NAME!" (
  endlocal
  set "CONFLICTS=1"
  goto :eof
)
endlocal
goto :eof

:unempty
rem The catroot2 the repair made empty (emptying^|): removed while empty. CryptSvc, started at the end of
rem the repair, writes into it at once: then it is set aside as catroot2.created-by-repair-N (the Node
rem tool's name), nothing deleted, so that the old catroot2 can go back. Only while that one is there and
rem has not gone back (restoring^|): a catroot2 found after that is not the one the repair made.
if not exist "%SYS%\catroot2\" exit /b 0
call :recorded restoring
if not errorlevel 1 exit /b 0
rmdir "%SYS%\catroot2" 2>nul
if not exist "%SYS%\catroot2\" exit /b 0
if not exist "%SYS%\%OLD%\" (
  echo %SYS%\catroot2 is not empty and %SYS%\%OLD% is gone: left as it is.
  set "CONFLICTS=1"
  exit /b 0
)
call :free "%SYS%" catroot2.created-by-repair ASIDE numbered
>>"%J%" echo setting-aside^|%ASIDE%
ren "%SYS%\catroot2" "%ASIDE%"
if exist "%SYS%\catroot2\" (
  echo Could not rename %SYS%\catroot2 to %ASIDE% ^(a file in it open in another program?^).
  set "CONFLICTS=1"
  exit /b 0
)
>>"%J%" echo set-aside^|%ASIDE%
echo %SYS%\catroot2 had files again ^(CryptSvc writes into it once started^): set aside as %SYS%\%ASIDE%.
exit /b 0

:restore
rem catroot2.old goes back only where no catroot2 is: one there now is not the repair's (see :unempty).
if exist "%SYS%\catroot2\" (
  if not defined CONFLICTS echo %SYS%\catroot2 exists and is not the one the repair made: %SYS%\%OLD% left as it is.
  set "CONFLICTS=1"
  exit /b 0
)
>>"%J%" echo restoring^|catroot2
ren "%SYS%\%OLD%" catroot2
if not exist "%SYS%\catroot2\" set "CONFLICTS=1"
exit /b 0

:copyback
rem Through a temporary name unique to this run, in the journal (tempcopy^|) before the file exists, then
rem renamed: a copy cut short is never under the real name. A resumed run removes it and copies again.
call :discard
if errorlevel 1 exit /b 1
if not defined PART call :tempname
copy /b "%CR%\%BK%\KB912354.CAT" "%CAT%\%PART%" >nul
if errorlevel 1 (
  echo Could not copy %CR%\%BK%\KB912354.CAT to %CAT%\%PART%.
  exit /b 1
)
ren "%CAT%\%PART%" KB912354.CAT
if not exist "%CAT%\KB912354.CAT" exit /b 1
>>"%J%" echo copied^|KB912354.CAT
exit /b 0

:tempname
set "PART=KB912354.CAT.catroot-repair-%RANDOM%.partial"
if exist "%CAT%\%PART%" goto tempname
>>"%J%" echo copying^|KB912354.CAT
>>"%J%" echo tempcopy^|%PART%
exit /b 0

:discard
rem PART := the temporary copy the journal names (tempcopy^|). Being this run's own file, it is removed if
rem there, but only as a file. errorlevel 1 when it could not be.
set "PART="
for /f "tokens=1,* delims=|" %%A in ('type "%J%" ^| find "tempcopy|"') do set "PART=%%B"
if not defined PART exit /b 0
rem Its attributes: none when it is not there, d... for a folder (Wine's if exist "NAME\" holds for a file too).
set "ATTR="
for %%I in ("%CAT%\%PART%") do set "ATTR=%%~aI"
if not defined ATTR exit /b 0
if "%ATTR:~0,1%"=="d" (
  echo %CAT%\%PART% is a folder, not the copy this run started: left as it is.
  exit /b 1
)
>>"%J%" echo discarding^|%PART%
del /f "%CAT%\%PART%"
if exist "%CAT%\%PART%" (
  echo Could not remove %CAT%\%PART%, the copy this run started.
  exit /b 1
)
echo Removed %CAT%\%PART%, the copy this run had started and not finished.
exit /b 0

:uncopy
rem Only the copy the repair made goes, and only while it still equals the file it was copied from.
fc /b "%CAT%\KB912354.CAT" "%CR%\%BK%\KB912354.CAT" >nul
if errorlevel 1 (
  echo %CAT%\KB912354.CAT differs from the copy the repair made: left as it is.
  set "CONFLICTS=1"
  goto :eof
)
>>"%J%" echo removing-copy^|KB912354.CAT
del "%CAT%\KB912354.CAT"
goto :eof

:stopcrypt
sc query CryptSvc 2>nul | find "RUNNING" >nul
if errorlevel 1 exit /b 0
>>"%J%" echo stop^|CryptSvc
call :dependents journal
rem What net stop printed is kept: when sc could not name the dependents, it is all the admin has.
net stop CryptSvc /y >"%STATE%\net-stop.txt" 2>&1
sc query CryptSvc 2>nul | find "STOPPED" >nul
if not errorlevel 1 exit /b 0
echo Could not stop CryptSvc.
exit /b 1

:dependents
rem Each service that depends on CryptSvc and is not stopped: %1 plan names it, %1 journal records it
rem (dependent^|NAME, once) so that a run resumed after a reboot still starts it. sc enumdepend lists every
rem dependent, direct or not, in blocks like sc query's (SERVICE_NAME: NAME, then STATE : 4  RUNNING).
rem Without an "Enum:" line, with an [SC] error line or "Enum: more data", the list is not whole: errorlevel 1.
set "LISTED="
set "SCERROR="
set "DEPENDENT="
rem Colons are delimiters too: "STATE : 4" and "STATE:4" both give STATE and 4.
for /f "tokens=1,* delims=: " %%A in ('sc enumdepend CryptSvc 65536 2^>nul') do (
  if "%%A"=="Enum" call :enumerated %%B
  if /i "%%A"=="[SC]" set "SCERROR=1"
  if "%%A"=="SERVICE_NAME" set "DEPENDENT=%%B"
  if "%%A"=="STATE" call :dependent %1 %%B
)
if defined LISTED if not defined SCERROR exit /b 0
if "%~1"=="plan" (
  echo     sc cannot list all the services that depend on CryptSvc here: net stop /y stops them unnamed.
  exit /b 1
)
call :recorded unlisted-dependents
if errorlevel 1 >>"%J%" echo unlisted-dependents^|CryptSvc
echo sc could not list all the services that depend on CryptSvc: net stop /y stops them unnamed.
exit /b 1

:enumerated
rem "Enum: entriesRead = N" starts the list; "Enum: more data, need N bytes" says it was cut short.
if /i "%~1"=="more" (set "SCERROR=1") else set "LISTED=1"
exit /b 0

:dependent
rem %1 plan or journal; %2 the state number of the service in DEPENDENT (1 is STOPPED).
if "%~2"=="1" exit /b 0
if not defined DEPENDENT exit /b 0
:dependenttrim
if "%DEPENDENT:~-1%"==" " (
  set "DEPENDENT=%DEPENDENT:~0,-1%"
  goto dependenttrim
)
rem The name is echoed through a for variable, so ^& ( ) in it stay text, and no delayed expansion can
rem eat a ! in the journal's path.
if "%~1"=="plan" (
  for /f "delims=" %%N in ("%DEPENDENT%") do echo     %%N depends on CryptSvc and runs: stopped with it, started again at the end
  exit /b 0
)
for /f "tokens=1,* delims=|" %%A in ('type "%J%" ^| find "dependent|"') do if /i "%%B"=="%DEPENDENT%" exit /b 0
for /f "delims=" %%N in ("%DEPENDENT%") do (
  >>"%J%" echo dependent^|%%N
  echo %%N depends on CryptSvc and runs: it is stopped with it and started again at the end.
)
exit /b 0

:startcrypt
rem CryptSvc, then every service the journal says ran on it when it was stopped. net start starts what a
rem service depends on first, so their order does not matter.
call :recorded stop
if errorlevel 1 exit /b 0
call :startservice CryptSvc
for /f "tokens=1,* delims=|" %%A in ('type "%J%" ^| find "dependent|"') do call :startservice "%%B"
call :recorded unlisted-dependents
if errorlevel 1 exit /b 0
echo sc could not name all the services that depend on CryptSvc. Start again any that should run
echo ^(net start "NAME"^); net stop /y printed what it stopped, kept in %STATE%\net-stop.txt:
if exist "%STATE%\net-stop.txt" type "%STATE%\net-stop.txt"
exit /b 0

:startservice
sc query "%~1" 2>nul | find "RUNNING" >nul
if not errorlevel 1 exit /b 0
net start "%~1" >nul 2>&1
if errorlevel 1 (
  echo Could not start "%~1": start it with net start "%~1"
  exit /b 0
)
for /f "delims=" %%N in ("%~1") do echo Started %%N.
exit /b 0

:lock
if not exist "%STATE%\" mkdir "%STATE%"
rem ver sets errorlevel 0: only a failed mkdir can leave 1 behind.
ver >nul
mkdir "%STATE%\lock" 2>nul
if not errorlevel 1 exit /b 0
echo Another catroot-repair run holds %STATE%\lock. If no run is active, remove that folder.
exit /b 1

:unlock
rmdir "%STATE%\lock" 2>nul
exit /b 0
`;

/** The script for this version, with the CRLF line ends cmd.exe expects. */
export function cmdScript(version: string): string {
  return CMD_TEMPLATE.replace('@VERSION@', version).replace(/\r?\n/g, '\r\n');
}
