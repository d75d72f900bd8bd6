#include "cli/commands.h"

#include <string>
#include <vector>

int main(int argc, char** argv) { return liqheat::cli::run(std::vector<std::string>(argv + 1, argv + argc)); }
