"""`python -m trainwise` runs the command-line interface."""

from trainwise.cli import main

if __name__ == "__main__":
    main()
