# Fails when docs/pathways/<id>.dot is not what `escalate graph <id>` gives now.
execute_process(COMMAND ${ESCALATE} graph ${PATHWAY} --rulesets ${RULESETS}
                OUTPUT_VARIABLE actual RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "escalate graph ${PATHWAY} failed (${status})")
endif()
file(READ ${EXPECTED} expected)
if(NOT actual STREQUAL expected)
  message(FATAL_ERROR "${EXPECTED} is stale: run scripts/generate-pathway-docs.sh and commit the result")
endif()
