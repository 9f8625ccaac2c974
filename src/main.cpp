#include "cli/app.h"

int main(int argc, char** argv) { return ferry::cli::run(argc, argv); }
