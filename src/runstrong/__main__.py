from runstrong.entrypoints.main import main

main()
