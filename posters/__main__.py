from posters.cli import main

main()
