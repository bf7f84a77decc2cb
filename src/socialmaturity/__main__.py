"""Run the command line as ``python -m socialmaturity``."""

from socialmaturity.entry import main

if __name__ == "__main__":
    main()
