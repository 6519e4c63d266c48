const char *pick_name(int argc, char **argv) {
  return argc > 1 ? argv[1] : "nobody";
}
