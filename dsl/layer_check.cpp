// The program each dsl layer's link check builds (dsl/CMakeLists.txt): it
// calls nothing; linking every object of the layer is the check.
int main() { return 0; }
