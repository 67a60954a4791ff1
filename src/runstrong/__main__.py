from runstrong.entrypoints.cli import main

main()
