# Runs one command and compares its stdout and exit code with a golden file.
# cmake -DBIN=... -DARGS="a;b" -DGOLDEN=file -DWORKDIR=dir [-DUPDATE=1] -P golden.cmake
# The golden file's first line is `exit: N`; the rest is the expected stdout.
execute_process(COMMAND ${BIN} ${ARGS} WORKING_DIRECTORY ${WORKDIR}
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
# Timings vary from run to run: "(0.42 s)" is compared as "(T s)".
string(REGEX REPLACE "\\([0-9]+\\.[0-9]+ s\\)" "(T s)" out "${out}")
# SUMMARY: compare only up to the first blank line. A solver's model depends on
# which query answered first under a time budget, so traces are checked by
# replay (and by their length, in the summary), not byte for byte.
if(SUMMARY)
  string(FIND "${out}" "\n\n" cut)
  if(NOT cut EQUAL -1)
    string(SUBSTRING "${out}" 0 ${cut} out)
    set(out "${out}\n")
  endif()
endif()
set(actual "exit: ${rc}\n${out}")
if(UPDATE OR "$ENV{BULWARK_UPDATE_GOLDEN}")
  file(WRITE ${GOLDEN} "${actual}")
  message(STATUS "updated ${GOLDEN}")
  return()
endif()
if(NOT EXISTS ${GOLDEN})
  message(FATAL_ERROR "missing golden file ${GOLDEN}; run with BULWARK_UPDATE_GOLDEN=1 to create it\n${actual}")
endif()
file(READ ${GOLDEN} expected)
if(NOT actual STREQUAL expected)
  file(WRITE ${GOLDEN}.actual "${actual}")
  message(FATAL_ERROR "output differs from ${GOLDEN} (actual output written to ${GOLDEN}.actual; "
                      "diff them, and if the change is right run with BULWARK_UPDATE_GOLDEN=1)\nstderr:\n${err}")
endif()
