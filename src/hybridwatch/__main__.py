from hybridwatch.cli import main

main()
