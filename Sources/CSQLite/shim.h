// SQLite 3 (Debian's libsqlite3-dev): one file is the whole model.
#include <sqlite3.h>
