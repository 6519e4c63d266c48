# gen.awk - deterministic pseudo-random text or JSON (LCG, no srand):
#   awk -v mode=text -v bytes=N -f gen.awk   |   awk -v mode=json -v records=N -f gen.awk
function rnd() { seed = (seed * 16807) % 2147483647; return seed / 2147483647 }  # Park-Miller: exact in doubles
function word(   u) { u = rnd(); return vocab[int(u * u * nv)] }   # skewed: a few words are frequent
BEGIN {
  seed = 42; nv = 2000
  letters = "etaoinshrdlucmfwypvbgkjqxz"
  for (i = 0; i < nv; i++) {
    len = 2 + int(rnd() * rnd() * 10); w = ""
    for (j = 0; j < len; j++) { u = rnd(); w = w substr(letters, 1 + int(u * u * 26), 1) }
    vocab[i] = w
  }
  if (mode == "json") {
    printf "["
    for (r = 0; r < records; r++) {
      ntag = int(rnd() * 5); tags = ""
      for (t = 0; t < ntag; t++) tags = tags (t ? "," : "") "\"" word() "\""
      printf "%s{\"id\":%d,\"name\":\"%s %s\",\"score\":%d,\"ratio\":%.3f,\"tags\":[%s],\"owner\":{\"login\":\"%s\",\"karma\":%d}}\n",
        (r ? "," : ""), r, word(), word(), int(rnd() * 1000), rnd(), tags, word(), int(rnd() * 100000)
    }
    print "]"
    exit
  }
  out = 0
  while (out < bytes) {
    n = 4 + int(rnd() * 12); line = sprintf("%06d", int(rnd() * 999999))
    for (k = 0; k < n; k++) line = line " " word()
    print line; out += length(line) + 1
  }
}
