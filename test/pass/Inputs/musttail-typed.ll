; musttail followed by the pointer bitcast the verifier allows before ret;
; the bitcast is reported only with no-skip-noop, and must not be here.
declare i8* @callee(i8*)

define i32* @g(i8* %p) {
  %r = musttail call i8* @callee(i8* %p)
  %c = bitcast i8* %r to i32*
  ret i32* %c
}
