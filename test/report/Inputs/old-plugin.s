# A module "instrumented" by another plugin version, for another LLVM, with
# other options: only its provenance record, written by hand.
	.text
	.globl	old_fn
	.type	old_fn,@function
old_fn:
	ret
	.size	old_fn, .-old_fn
	.section	ptrhook_provenance,"a",@progbits
	.asciz	"ptrhook-provenance-1\tplugin=0.0.9\tllvm=13.0.1\tstage=compile\tsource=old.c\toptions=kinds=gep;skip-noop;abi=addr;sites\tfunctions=1\tinstrumented=1\texcluded=0\tsites=0\talloca=0\tgep=0\tload=0\tcall=0\tcast=0\tphi=0\tselect=0\tother=0"
	.section	.note.GNU-stack,"",@progbits
