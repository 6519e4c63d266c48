#!/bin/sh
# The project's own test: words must print the longest word.
test "$(./words alpha beta gammadelta)" = "longest: gammadelta"
