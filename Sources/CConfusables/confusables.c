#include "confusables.h"

#include <pthread.h>
#include <unicode/uspoof.h>

static USpoofChecker *checker;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void make_checker(void) {
    UErrorCode status = U_ZERO_ERROR;
    USpoofChecker *made = uspoof_open(&status);
    if (U_SUCCESS(status)) {
        checker = made;
    }
}

int32_t huddle_confusable_skeleton(const char *text, int32_t length, char *out, int32_t capacity) {
    pthread_once(&once, make_checker);
    if (checker == NULL) {
        return -1;
    }
    UErrorCode status = U_ZERO_ERROR;
    int32_t written = uspoof_getSkeletonUTF8(checker, 0, text, length, out, capacity, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) {
        return written;
    }
    return U_SUCCESS(status) ? written : -1;
}
