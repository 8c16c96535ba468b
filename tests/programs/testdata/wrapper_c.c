/* C that calls back into Haskell through the function pointers that
 * wrapper.hs makes with foreign import ccall "wrapper". */
typedef int (*int_fn)(int);

static int_fn stored;

void store_callback(int_fn f) { stored = f; }

int call_stored(int x) { return stored(x); }

int apply_n(int_fn f, int n, int x)
{
    for (int i = 0; i < n; i++)
        x = f(x);
    return x;
}

double fold_doubles(double (*f)(double, double), const double *xs, int n, double z)
{
    for (int i = 0; i < n; i++)
        z = f(z, xs[i]);
    return z;
}

void call_void(void (*f)(void)) { f(); }
