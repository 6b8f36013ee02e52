#!/usr/bin/env python
from integra.manage import main

if __name__ == "__main__":
    main()
